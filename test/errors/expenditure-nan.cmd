command: dcsim run -O json test/errors/expenditure-nan.csv
exit: 1
