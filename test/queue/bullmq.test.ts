import { bullmqBackend } from './backends.js';
import { queueConformance } from './conformance.js';

queueConformance('bullmq', bullmqBackend);
