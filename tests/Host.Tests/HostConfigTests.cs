namespace Host.Tests;

using Akka.Configuration;
using Engine.Actors;
using Engine.Host;

/// <summary>
/// engine.conf is the one source of the engine's defaults: every key in it is read (and checked) by EngineConfig,
/// has an ENGINE_* variable, and is documented in the README's configuration table with its default.
/// </summary>
public class HostConfigTests
{
    private static readonly IReadOnlyList<string> Keys = [.. HostConfig.EngineKeys()];

    [Fact]
    public void Every_shipped_key_is_read_and_checked_by_EngineConfig()
    {
        Assert.NotEmpty(Keys);
        foreach (var key in Keys)
        {
            // An empty value is wrong for every key: a reader that did not read the key would not notice.
            var config = ConfigurationFactory.ParseString($"engine.{key} = \"\"");
            var error = Assert.Throws<EngineSettingException>(() => EngineConfig.Read(config));
            Assert.Equal(key, error.Key);
        }
    }

    [Fact]
    public void Every_shipped_key_is_in_the_readme_table_with_its_default_and_the_table_has_no_other()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme.SkipWhile(l => l != "## Configuration").Skip(1).TakeWhile(l => !l.StartsWith("## ")).ToList();
        var rows = section.Where(l => l.StartsWith("| `"))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => cells[2]);
        var defaults = EngineConfig.Defaults.GetConfig("engine");

        Assert.Equal(Keys.Order(), rows.Keys.Order());
        foreach (var key in Keys)
            Assert.StartsWith(defaults.GetString(key), rows[key].Trim('`'));
    }

    [Fact]
    public void Each_key_has_an_environment_variable_named_after_it()
    {
        var overrides = HostConfig.EnvironmentOverrides(new Dictionary<string, string> { ["ENGINE_CAPS_PER_NODE"] = "3" });

        Assert.Equal("ENGINE_AUTO_HELPERS_MIN_BUSY", HostConfig.EnvironmentName("auto-helpers.min-busy"));
        Assert.Equal("3", overrides.GetString("engine.caps.per-node"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Engine.sln above {AppContext.BaseDirectory}");
    }
}
