command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-latin1.json
exit: 1
