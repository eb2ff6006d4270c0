using System.Reflection;
using System.Runtime.CompilerServices;
using ReferralTraining.Web.Data;

namespace ReferralTraining.UnitTests.Architecture;

/// <summary>
/// ADR-026: every public async method of a class in Features/** takes a CancellationToken, so the request's or the job's
/// token can reach the database. Methods whose signature a framework fixes (an interface or base class from outside
/// this assembly) are left out: they take the token from their context. A new area is found by namespace.
/// </summary>
public sealed class CancellationTests
{
    private const string Features = "ReferralTraining.Web.Features";

    /// <summary>Public async methods that have no caller token to take, each with the reason.</summary>
    private static readonly Dictionary<string, string> Known = new()
    {
        ["Accounts.AuditingUserManager.EnableAsync"] = "a UserManager method: Identity's store calls take UserManager's token, not the caller's",
        ["Accounts.AuditingSignInManager.SingleSignOnAsync"] = "a SignInManager method: Identity's sign-in calls take no token (issue 23)",
        ["Accounts.RoleSetup.EnsureRolesAsync"] = "start-up only; RoleManager takes no token",
        ["Accounts.SecurityAuditLog.RecordAsync"] = "an audit record is written in its own scope even when the request that caused it is gone",
    };

    [Fact]
    public void PublicAsyncMethodsInFeatures_TakeACancellationToken()
    {
        var missing = AsyncMethodsWithoutToken().Where(m => !Known.ContainsKey(m)).ToList();

        Assert.True(missing.Count == 0, "Public async methods in Features must take a CancellationToken (last parameter) and pass it on " +
            "(ADR-026). Missing on:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void KnownExceptions_StillExist()
    {
        var all = AsyncMethodsWithoutToken().ToHashSet();
        var stale = Known.Keys.Where(k => !all.Contains(k)).ToList();

        Assert.True(stale.Count == 0, "Listed as known but now takes a token or is gone (remove from Known): " + string.Join(", ", stale));
    }

    [Fact]
    public void TheCheck_SeesAMethodWithoutAToken()
    {
        // The reflection below must find a public async method of a Features class with no token: one exists among the known.
        Assert.Contains("Accounts.SecurityAuditLog.RecordAsync", AsyncMethodsWithoutToken());
    }

    private static IEnumerable<string> AsyncMethodsWithoutToken()
    {
        var assembly = typeof(AppDbContext).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && t.Namespace?.StartsWith(Features, StringComparison.Ordinal) == true
            && !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !typeof(Delegate).IsAssignableFrom(t)))
        {
            var fixedByFramework = FrameworkFixed(type);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!IsAsync(method.ReturnType) || method.IsSpecialName || fixedByFramework.Contains(method)
                    || method.GetBaseDefinition().DeclaringType != type)
                {
                    continue;
                }
                var parameters = method.GetParameters();
                // Code handed an HttpContext takes RequestAborted from it.
                if (parameters.Any(p => p.ParameterType == typeof(CancellationToken) || p.ParameterType.FullName == "Microsoft.AspNetCore.Http.HttpContext"))
                {
                    continue;
                }
                yield return $"{type.FullName![(Features.Length + 1)..]}.{method.Name}";
            }
        }
    }

    private static bool IsAsync(Type type) => type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));

    /// <summary>Methods implementing an interface declared outside this assembly (IAsyncDisposable, IEndpointFilter, …).</summary>
    private static HashSet<MethodInfo> FrameworkFixed(Type type)
    {
        var methods = new HashSet<MethodInfo>();
        foreach (var contract in type.GetInterfaces().Where(i => i.Assembly != type.Assembly))
        {
            methods.UnionWith(type.GetInterfaceMap(contract).TargetMethods);
        }
        return methods;
    }
}
