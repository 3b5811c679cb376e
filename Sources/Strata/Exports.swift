// Umbrella module: one import gives the whole engine.
@_exported import StrataCore
@_exported import StrataAutodiff
@_exported import StrataDistributions
@_exported import StrataModeling
@_exported import StrataSamplers
@_exported import StrataOptimization
@_exported import StrataDiagnostics
@_exported import StrataOutput
@_exported import StrataNetCDF
@_exported import StrataStanModel
