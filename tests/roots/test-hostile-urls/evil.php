
  <HTML><body onload="alert(1)">
