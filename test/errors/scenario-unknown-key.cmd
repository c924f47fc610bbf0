command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-unknown-key.json
exit: 1
