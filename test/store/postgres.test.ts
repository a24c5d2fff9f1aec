import { storeConformance } from './conformance.js';
import { postgresTestDatabase } from './backends.js';

storeConformance('postgres', postgresTestDatabase);
