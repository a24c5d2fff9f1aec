import { storeConformance } from './conformance.js';
import { sqliteTestDatabase } from './backends.js';

storeConformance('sqlite', sqliteTestDatabase);
