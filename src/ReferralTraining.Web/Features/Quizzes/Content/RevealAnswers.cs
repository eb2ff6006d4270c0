using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

[JsonConverter(typeof(JsonStringEnumConverter<RevealAnswers>))]
public enum RevealAnswers { Always, AfterPassing, Never }
