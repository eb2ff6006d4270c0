// Each journey class gets its own host and database and runs beside the others (ParallelCollections), in its own
// context of one shared Chromium.
[assembly: CollectionBehavior("ReferralTraining.Tests.Shared.ParallelCollections", "ReferralTraining.BrowserTests", MaxParallelThreads = 4)]
