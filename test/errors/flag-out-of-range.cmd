command: dcsim run -O json test/errors/ok.csv --discount-rate 1.5
exit: 1
