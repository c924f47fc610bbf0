command: dcsim settle -O json test/errors/settle-zero-performance-benchmark.csv
exit: 1
