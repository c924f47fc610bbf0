command: dcsim run -O json test/errors/too-many-decimals.csv
exit: 1
