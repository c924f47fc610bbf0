command: dcsim run -O json test/errors/ok.csv --frobnicate
exit: 2
