command: dcsim run -O json test/errors/ok-py2027.csv --scenario test/errors/reach-py2027.json
exit: 1
