command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-not-object.json
exit: 1
