command: dcsim run -O json test/errors/duplicate-beneficiary.csv
exit: 1
