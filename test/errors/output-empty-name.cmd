command: dcsim run -O json test/errors/ok.csv -o ''
exit: 2
