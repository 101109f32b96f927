// The Scribe tree generator lives in scripts/sample-tree.ts (`npm start` scans a sample tree built with it).
export * from '../../scripts/sample-tree.ts';
