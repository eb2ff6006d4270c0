using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

[JsonConverter(typeof(JsonStringEnumConverter<RevealAnswers>))]
public enum RevealAnswers { Always, AfterPassing, Never }
