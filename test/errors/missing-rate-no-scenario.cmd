command: dcsim run -O json test/errors/ok-no-rate.csv
exit: 1
