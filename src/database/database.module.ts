import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, DatabaseConfig } from '../config/configuration';
import { buildDataSourceOptions } from './data-source-options';

/** The database connection; migrations run at start (the same files on SQLite and MySQL). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: DatabaseConfig) => ({ ...buildDataSourceOptions(db.url, db.poolSize), migrationsRun: true }),
    }),
  ],
})
export class DatabaseModule {}
