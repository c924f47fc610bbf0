command: dcsim run -O json test/errors/negative-money.csv
exit: 1
