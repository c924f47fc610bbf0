command: dcsim run -O json test/errors/aligned-months-0.csv
exit: 1
