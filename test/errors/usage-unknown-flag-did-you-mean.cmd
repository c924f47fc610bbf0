command: dcsim run -O json test/errors/ok.csv --discount-rte 0.03
exit: 2
