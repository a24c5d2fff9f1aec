/**
 * `npm run bench`: every section measures HackBridge against a baseline run in the same
 * process and prints ratios. Not a test: nothing here fails the build.
 * Run one section with `npm run bench -- engine`.
 */
const sections: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  // Each section adds one line: name -> lazy import of bench/<name>.ts exporting run().
  analysis: () => import('./analysis.js'),
  http: () => import('./http.js'),
  engine: () => import('./engine.js'),
  grading: () => import('./grading.js'),
  store: () => import('./store.js'),
  queue: () => import('./queue.js'),
  auth: () => import('./auth.js'),
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const section = await load();
  await section.run();
}
