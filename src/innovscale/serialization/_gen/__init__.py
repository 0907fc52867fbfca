"""
Code generated from the converter's hooks, one module per kind of function.

* :mod:`._structure`: fast structure functions, each beside the depth bound it proves;
* :mod:`._unstructure`: unstructure functions with keys in field order;
* :mod:`._writer`: writers that let orjson walk the objects themselves.

Every function is compiled by :func:`innovscale._codegen.compile_function`, so its
source shows in tracebacks, ``pdb`` and :func:`inspect.getsource`.
"""
