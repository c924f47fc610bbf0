command: dcsim run -O json test/errors/aligned-months-13.csv
exit: 1
