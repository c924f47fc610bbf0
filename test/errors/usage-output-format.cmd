command: dcsim run -O json test/errors/ok.csv -O xml
exit: 2
