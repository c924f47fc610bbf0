command: dcsim run -O json test/errors
exit: 1
