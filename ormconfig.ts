import { DataSource } from 'typeorm';
import { databaseConfig } from './src/config/configuration';
import { buildDataSourceOptions } from './src/database/data-source-options';

// The DataSource the TypeORM CLI uses (npm run migration:run); the app builds the same options.
const db = databaseConfig();
export default new DataSource(buildDataSourceOptions(db.url, db.poolSize));
