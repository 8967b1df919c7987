import { inject } from 'vitest';

// Each worker learns where the run's cluster is; child processes a test starts inherit it.
process.env.ARCHIVE_ROOM_TEST_PG = inject('pgCluster');
