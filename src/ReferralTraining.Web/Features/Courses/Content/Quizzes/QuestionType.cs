using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionType>))]
public enum QuestionType { Single, Multiple, TrueFalse, Ordering }
