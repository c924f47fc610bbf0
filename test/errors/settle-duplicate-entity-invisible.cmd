command: dcsim settle -O json test/errors/settle-duplicate-entity-invisible.csv
exit: 1
