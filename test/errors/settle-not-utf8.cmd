command: dcsim settle -O json test/errors/settle-latin1.csv
exit: 1
