command: dcsim run -O json test/errors/ok-py2027.csv --scenario test/errors/lead-spending-class-missing.json
exit: 1
