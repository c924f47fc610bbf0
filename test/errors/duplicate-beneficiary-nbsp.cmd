command: dcsim run -O json test/errors/duplicate-beneficiary-nbsp.csv
exit: 1
