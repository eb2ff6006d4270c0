using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

[JsonConverter(typeof(JsonStringEnumConverter<MultipleScoring>))]
public enum MultipleScoring { AllOrNothing, Partial }
