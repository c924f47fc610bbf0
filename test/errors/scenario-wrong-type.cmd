command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-wrong-type.json
exit: 1
