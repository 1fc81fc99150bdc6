@ECHO OFF
REM Windows equivalent of the Makefile's build targets (basic).
REM Run in an activated virtualenv with: pip install -r requirements-test.txt
REM   make.bat html | dirhtml | singlehtml | epub | latex | text | man | gettext
REM   make.bat linkcheck | livehtml | test | new-talk | clean | help

pushd %~dp0

if "%PYTHON%" == "" set PYTHON=python
if "%SPHINXOPTS%" == "" set SPHINXOPTS=-W --keep-going -n
set SOURCEDIR=.
set BUILDDIR=_build

if "%1" == "" goto help
if "%1" == "help" goto help
if "%1" == "clean" goto clean
if "%1" == "test" goto test
if "%1" == "livehtml" goto livehtml
if "%1" == "new-talk" goto newtalk

%PYTHON% -c "import sphinx, furo, sphinx_design, myst_parser, sphinxcontrib.bibtex" >NUL 2>NUL
if errorlevel 1 (
	echo.
	echo.The requirements are missing. Create and activate a virtualenv, then run
	echo.  pip install -r requirements.txt
	exit /b 1
)

%PYTHON% -m sphinx -M %1 %SOURCEDIR% %BUILDDIR% %SPHINXOPTS% %O%
goto end

:test
%PYTHON% -m pytest %PYTESTOPTS%
goto end

:livehtml
%PYTHON% -m sphinx_autobuild %SOURCEDIR% %BUILDDIR%\html -n --ignore "*/.venv/*" --ignore "*/.tox/*"
goto end

:newtalk
REM make.bat new-talk --title "..." --speaker id --kind talk [--format md]
shift
%PYTHON% scripts\new_talk.py %1 %2 %3 %4 %5 %6 %7 %8 %9
goto end

:clean
if exist %BUILDDIR% rmdir /s /q %BUILDDIR%
goto end

:help
echo.Usage: make.bat ^<target^>
echo.  html dirhtml singlehtml epub latex text man gettext   strict builds into %BUILDDIR%
echo.  linkcheck   check external links (needs the internet)
echo.  livehtml    serve with live reload (sphinx-autobuild)
echo.  test        run the test suite (pytest)
echo.  new-talk    scaffold a talk: make.bat new-talk --title "..." --speaker id --kind talk
echo.  clean       remove %BUILDDIR%
echo.See README.md; the Makefile also has check, lint and bench.

:end
popd
