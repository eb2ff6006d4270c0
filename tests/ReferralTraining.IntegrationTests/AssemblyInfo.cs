// Each test class gets its own host and database and runs beside the others (ParallelCollections). Most tests wait on
// the database, job polling or SMTP, so more tests than cores run at once.
[assembly: CollectionBehavior("ReferralTraining.Tests.Shared.ParallelCollections", "ReferralTraining.IntegrationTests", MaxParallelThreads = 8)]
