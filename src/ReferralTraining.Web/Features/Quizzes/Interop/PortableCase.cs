using ReferralTraining.Web.Features.Quizzes.Content;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

public sealed record PortableCase(string Id, string Text);
