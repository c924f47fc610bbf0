command: dcsim run -O json test/errors/ok.csv --benchmark-pbpm aged_disabled=abc
exit: 1
