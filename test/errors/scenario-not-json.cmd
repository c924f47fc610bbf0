command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-not-json.json
exit: 1
