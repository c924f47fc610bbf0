command: dcsim run -O json test/errors/unknown-dual-status.csv
exit: 1
