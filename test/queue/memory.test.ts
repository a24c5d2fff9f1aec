import { memoryBackend } from './backends.js';
import { queueConformance } from './conformance.js';

queueConformance('memory', memoryBackend);
