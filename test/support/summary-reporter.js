// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI tooling reads.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const suiteFailures = results.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${passed} passed, ${failed + suiteFailures} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
