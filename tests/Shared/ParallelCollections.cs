using System.Collections.Concurrent;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// Marks a collection definition whose test classes each get their own copy of the collection: their own collection
/// fixtures (app host, database, SMTP sink), run in parallel with the other copies. A class joins it the usual way,
/// <c>[Collection(Name)]</c> on the class or on a base class such as AppTest, and needs nothing else.
/// </summary>
public interface IOneCopyPerTestClass;

/// <summary>
/// xunit's collection-per-class behavior, except for collections marked <see cref="IOneCopyPerTestClass"/>, which are
/// split into one copy per test class. Other named collections (e.g. the process tests, which must run alone) are shared
/// by name as usual. Registered in each test assembly's AssemblyInfo.cs with [assembly: CollectionBehavior(...)].
/// </summary>
public sealed class ParallelCollections : IXunitTestCollectionFactory
{
    private readonly ITestAssembly assembly;
    private readonly Dictionary<string, ITypeInfo> definitions;
    private readonly ConcurrentDictionary<string, ITestCollection> collections = new(StringComparer.Ordinal);

    public ParallelCollections(ITestAssembly testAssembly, IMessageSink diagnosticMessageSink)
    {
        assembly = testAssembly;
        definitions = TestCollectionFactoryHelper.GetTestCollectionDefinitions(testAssembly.Assembly, diagnosticMessageSink);
    }

    public string DisplayName => "collection per class, one host per class";

    public ITestCollection Get(ITypeInfo testClass)
    {
        var attribute = testClass.GetCustomAttributes(typeof(CollectionAttribute)).SingleOrDefault();
        if (attribute is null)
        {
            return collections.GetOrAdd("Test collection for " + testClass.Name, name => new TestCollection(assembly, null, name));
        }
        var named = (string)attribute.GetConstructorArguments().First();
        definitions.TryGetValue(named, out var definition);
        var perClass = definition?.ToRuntimeType()?.IsAssignableTo(typeof(IOneCopyPerTestClass)) == true;
        var key = perClass ? $"{named}: {testClass.Name[(testClass.Name.LastIndexOf('.') + 1)..]}" : named;
        return collections.GetOrAdd(key, name => new TestCollection(assembly, definition, name));
    }
}
