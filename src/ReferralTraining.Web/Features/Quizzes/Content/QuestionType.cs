using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionType>))]
public enum QuestionType { Single, Multiple, TrueFalse, Ordering }
