"""Four events as an archive of notes knows them: dates, day numbers, or nothing."""

project = "Test partial dates"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "Alpha Conf 2015"
# declared first; the others follow by their first known date, then by name
confnotes_event_order = ["Delta Meetup"]
exclude_patterns = ["_build"]
copyright = "2013, the test authors"
version = release = "1.0"
