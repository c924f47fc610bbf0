command: dcsim settle -O json test/errors/settle-corridor-base-not-positive.csv
exit: 1
