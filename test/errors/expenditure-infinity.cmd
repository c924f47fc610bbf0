command: dcsim run -O json test/errors/expenditure-infinity.csv
exit: 1
