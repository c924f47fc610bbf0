command: dcsim run -O json test/errors/cr-rows-lf-header.csv
exit: 1
