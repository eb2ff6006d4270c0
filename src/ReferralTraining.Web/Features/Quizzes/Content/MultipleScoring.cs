using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

[JsonConverter(typeof(JsonStringEnumConverter<MultipleScoring>))]
public enum MultipleScoring { AllOrNothing, Partial }
